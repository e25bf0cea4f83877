import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ControlPlaneDependencies } from './control-plane-dependencies.js';
import { SHARED_SCHEMAS } from './http/api-schemas.js';
import { createValidatorCompiler } from './http/create-validator-compiler.js';
import { installErrorHandling } from './http/install-error-handling.js';
import { requireBearerToken } from './http/require-bearer-token.js';
import { registerApplicationRoutes } from './routes/application-routes.js';
import { registerDeploymentRoutes } from './routes/deployment-routes.js';
import { registerFindingRoutes } from './routes/finding-routes.js';
import { registerPersonaRoutes } from './routes/persona-routes.js';
import { registerProposalRoutes } from './routes/proposal-routes.js';
import { registerWorkflowRoutes } from './routes/workflow-routes.js';

/**
 * The control-plane HTTP API (not yet listening): personas, applications, workflows,
 * proposals, deployments, findings and signatures, with JSON Schema validation of every
 * body, a bearer token on every write, keyset pagination on every list, and its OpenAPI
 * 3.1 document at /openapi.json built from the same route schemas.
 */
export async function buildControlPlaneApp(deps: ControlPlaneDependencies): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 2 * 1024 * 1024 });
  app.setValidatorCompiler(createValidatorCompiler(SHARED_SCHEMAS));
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  installErrorHandling(app, deps.logger);
  app.addHook('onRequest', requireBearerToken(deps.apiToken));
  app.addHook('onResponse', async (request, reply) => {
    deps.logger.debug({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'shadowtune control plane',
        version: '0.1.0',
        description:
          'Personas, New Application Deployment, durable workflows, proposals and their approval, deployments and rollback, findings and top signatures. ' +
          'Every write needs `Authorization: Bearer <token>`. Lists are paginated: pass `nextCursor` back as `cursor`. Errors are `{ "error": { "code", "message", "fields" } }`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'services.controlPlane.apiToken (SHADOWTUNE_API_TOKEN)' } } },
      tags: ['personas', 'applications', 'workflows', 'proposals', 'deployments', 'findings', 'signatures'].map((name) => ({ name })),
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });

  registerPersonaRoutes(app, deps);
  registerApplicationRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  registerProposalRoutes(app, deps);
  registerDeploymentRoutes(app, deps);
  registerFindingRoutes(app, deps);
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
