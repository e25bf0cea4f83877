import type { FastifyInstance } from 'fastify';
import type { Bus } from '@shadowtune/shared/bus/bus';
import { createMemoryBus } from '@shadowtune/shared/bus/memory-bus';
import type { DeploymentEvent } from '@shadowtune/shared/contracts/generated-types';
import { createLogger } from '@shadowtune/shared/log/create-logger';
import { registerBuiltInPersonas } from '@shadowtune/shared/personas/register-built-in-personas';
import { buildControlPlaneApp } from '../../src/build-control-plane-app.js';
import { createCatalogTestDatabase, type CatalogTestDatabase } from '../../../../shared/test/workflows/support/catalog-test-database.js';

export const TEST_TOKEN = 'test-token-4f1c9a2b7e';

export interface TestApi {
  readonly url: string;
  readonly catalog: CatalogTestDatabase;
  /** Events the API published on `deployments`, as a consumer of the topic received them. */
  readonly deploymentEvents: DeploymentEvent[];
  readonly app: FastifyInstance;
  request(method: string, path: string, options?: { readonly body?: unknown; readonly token?: string | null; readonly rawBody?: string }): Promise<{ status: number; body: any; headers: Headers }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
  close(): Promise<void>;
}

/** The API on a real listening server (port 0) over a fresh catalog and a memory bus. */
export async function startTestApi(options: { readonly apiToken?: string | null } = {}): Promise<TestApi> {
  const catalog = await createCatalogTestDatabase();
  await registerBuiltInPersonas(catalog.pool);
  const logger = createLogger({ service: 'control-plane-test', level: 'silent' });
  const bus: Bus = createMemoryBus({ logger, serviceName: 'control-plane' });
  const deploymentEvents: DeploymentEvent[] = [];
  await bus.subscribe({ groupId: 'test-observer', topics: ['deployments'], handler: async (event) => void deploymentEvents.push(event.value) });
  const app = await buildControlPlaneApp({
    catalog: catalog.pool,
    logger,
    apiToken: options.apiToken === undefined ? TEST_TOKEN : options.apiToken,
    targetServers: ['local'],
    publishDeploymentEvent: (event) => bus.publish('deployments', event.proposalId, event),
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    catalog,
    deploymentEvents,
    app,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = {};
      const token = requestOptions.token === undefined ? TEST_TOKEN : requestOptions.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (requestOptions.rawBody !== undefined) body = requestOptions.rawBody;
      else if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${url}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
    },
    async close() {
      await app.close();
      await bus.close();
      await catalog.close();
    },
  };
}
