import { z } from "zod";
import { ERROR_CODES } from "../../modules/shared/errors.ts";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).meta({ examples: ["VALIDATION_ERROR"] }),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const authErrors = { 401: errorSchema, 403: errorSchema, 422: errorSchema } as const;

export const idParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });

export const bearerAuth = [{ bearerAuth: [] }];

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable() });
