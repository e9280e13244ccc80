import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../../api/client';
import { refreshSubject } from '../subject/subject-queries';

export function useProblem(id: number | null) {
  return useQuery({
    queryKey: ['problem', id],
    enabled: id !== null,
    queryFn: () => call(api.GET('/api/v1/problems/{id}', { params: { path: { id: id! } } })),
  });
}

type TransitionBody = Omit<Schemas['ProblemTransitionDto'], 'version'>;

/** One 13710 step on a problem, at the version the user saw (409 when someone moved it first). */
export function useProblemTransition(problem: { id: number; version: number }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TransitionBody) =>
      call(api.POST('/api/v1/problems/{id}/transitions', { params: { path: { id: problem.id } }, body: { ...body, version: problem.version } })),
    onSettled: () => refreshSubject(client, 'PROBLEM', problem.id),
  });
}
