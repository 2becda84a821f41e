// The job handlers a worker runs. `route_order` jobs are queued with every order; their handler
// arrives with the venue (issue 3), so until then they wait, durable, in the queue.
import type { TaskList } from "graphile-worker";

export function taskList(): TaskList {
  return {};
}
