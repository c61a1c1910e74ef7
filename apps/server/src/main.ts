import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const webDist = join(dirname(fileURLToPath(import.meta.url)), '../../web/dist');
const port = Number(process.env['PORT'] ?? 3000);

const app = Fastify({ logger: true });
await app.register(fastifyStatic, { root: webDist });
app.get('/healthz', () => ({ status: 'ok' }));
await app.listen({ port, host: process.env['HOST'] ?? '127.0.0.1' });
console.log(`Custody Records: http://localhost:${port}`);
