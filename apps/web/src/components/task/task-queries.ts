import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { TaskAction } from '../../lib/task-actions';

export function useTask(id: number | null) {
  return useQuery({
    queryKey: ['task', id],
    enabled: id !== null,
    queryFn: () => call(api.GET('/api/v1/tasks/{id}', { params: { path: { id: id! } } })),
  });
}

export interface TransitionInput {
  action: TaskAction;
  comment?: string;
  dueAt?: string;
  fileIds?: number[];
}

/** One lifecycle step on a task, at the version the user saw (409 when someone moved it first). */
export function useTaskTransition(task: { id: number; version: number }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, comment, dueAt, fileIds }: TransitionInput) =>
      call(
        api.POST('/api/v1/tasks/{id}/transitions', {
          params: { path: { id: task.id } },
          body: { action, comment: comment || undefined, dueAt, version: task.version, fileIds },
        }),
      ),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['tasks'] }),
        client.invalidateQueries({ queryKey: ['task', task.id] }),
        client.invalidateQueries({ queryKey: ['task-events', task.id] }),
        client.invalidateQueries({ queryKey: ['counts'] }),
      ]),
  });
}

/** 任务分解: one sub-task per unit, due by `dueAt` (the task's due date when none is given). */
export function useSplitTask(taskId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { ownerUnitIds: number[]; dueAt?: string }) => call(api.POST('/api/v1/tasks/{id}/subtasks', { params: { path: { id: taskId } }, body })),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['tasks'] }),
        client.invalidateQueries({ queryKey: ['task', taskId] }),
        client.invalidateQueries({ queryKey: ['task-events', taskId] }),
        client.invalidateQueries({ queryKey: ['counts'] }),
      ]),
  });
}
