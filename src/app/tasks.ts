// The job handlers a worker runs, by task name. `route_order` jobs are queued with every order;
// their handler arrives with the venue client, so until then they wait, durable, in the queue.
import type { TaskList } from "graphile-worker";
import { SETTLE_TASK } from "../modules/executions/executions.service.ts";
import { settleFillTask } from "../modules/executions/executions.tasks.ts";
import type { Db } from "../platform/postgres.ts";
import type { Services } from "./services.ts";

export function taskList(db: Db, services: Services): TaskList {
  return {
    [SETTLE_TASK]: settleFillTask(db, services.catalog),
  };
}
