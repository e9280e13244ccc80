import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';

export type SupervisedType = Schemas['UrgeDto']['subjectType'];

/** The cache key of a subject's timeline (a task's is the one its lifecycle actions refresh). */
export function eventsKey(type: SupervisedType, id: number) {
  return type === 'TASK' ? ['task-events', id] : type === 'OBLIGATION' ? ['obligation-events', id] : ['problem-events', id];
}

/** A subject's timeline, oldest first: the engine's steps and people's acts. */
export function useSubjectEvents(type: SupervisedType, id: number) {
  return useQuery({
    queryKey: eventsKey(type, id),
    queryFn: () => {
      const params = { params: { path: { id } } };
      if (type === 'TASK') return call(api.GET('/api/v1/tasks/{id}/events', params));
      if (type === 'OBLIGATION') return call(api.GET('/api/v1/obligations/{id}/events', params));
      return call(api.GET('/api/v1/problems/{id}/events', params));
    },
  });
}

export function useObligation(id: number | null) {
  return useQuery({
    queryKey: ['obligation', id],
    enabled: id !== null,
    queryFn: () => call(api.GET('/api/v1/obligations/{id}', { params: { path: { id: id! } } })),
  });
}

/** After an act on a subject: its record, its timeline, the lists and counts that show it. */
export function refreshSubject(client: QueryClient, type: SupervisedType, id: number) {
  const record = type === 'TASK' ? ['task', id] : type === 'OBLIGATION' ? ['obligation', id] : ['problem', id];
  return Promise.all([
    client.invalidateQueries({ queryKey: record }),
    client.invalidateQueries({ queryKey: eventsKey(type, id) }),
    client.invalidateQueries({ queryKey: ['supervision'] }),
    client.invalidateQueries({ queryKey: type === 'TASK' ? ['tasks'] : type === 'OBLIGATION' ? ['obligations'] : ['problems'] }),
    client.invalidateQueries({ queryKey: ['counts'] }),
  ]);
}

/** 催办 now (supervisors and admins); 429 with Retry-After within the hour. */
export function useUrge() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['UrgeDto']) => call(api.POST('/api/v1/supervision/urge', { body })),
    onSettled: (_data, _error, body) => refreshSubject(client, body.subjectType, body.subjectId),
  });
}

/** 督办 (2) or 挂牌督办 (3) by decision; levels only go up. */
export function useDecide() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DecideDto']) => call(api.POST('/api/v1/supervision/decide', { body })),
    onSettled: (_data, _error, body) => refreshSubject(client, body.subjectType, body.subjectId),
  });
}
