import { z } from 'zod';

const serverName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'server names are lowercase letters, digits and dashes');
const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL');

/** Settings of the control-plane service (config key `services.controlPlane`). */
export const controlPlaneConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('Address the control-plane HTTP API listens on (0.0.0.0 to accept remote clients, e.g. in a container).'),
    port: z.number().int().min(0).max(65535).default(8080).describe('Port of the control-plane HTTP API; 0 picks a free one.'),
    apiToken: z
      .string()
      .min(16, 'must be at least 16 characters')
      .nullable()
      .default(null)
      .describe('Bearer token every write request (POST, PUT, PATCH, DELETE) must carry; environment SHADOWTUNE_API_TOKEN. null refuses all writes.'),
    groupId: z.string().min(1).default('shadowtune-control-plane').describe('Consumer group of the control-plane (app.deployments).'),
    targetServers: z
      .record(serverName, postgresUrl)
      .default({})
      .describe('PostgreSQL servers Persona Creation may create application databases on, by name (the name travels in requests and events, the URL never does).'),
    workflowLeaseMs: z.number().int().min(1_000).default(30_000).describe('How long a workflow task stays with its worker without a heartbeat before another worker resumes it.'),
    workflowPollMs: z.number().int().min(50).default(1_000).describe('Pause between polls of the workflow worker when no task is runnable.'),
    workflowConcurrency: z.number().int().min(1).max(32).default(2).describe('Workflow tasks one control-plane process runs at the same time.'),
  })
  .prefault({});

export type ControlPlaneConfig = z.output<typeof controlPlaneConfigSchema>;
