/**
 * Writes web/src/api/schema.gen.ts: the TypeScript types of the REST API's JSON bodies, converted
 * from the OpenAPI document the server publishes (GET /api/openapi.json). The web app cannot import
 * server code, so this file is how its types follow the routes' schemas; test/api/generatedTypes.test.ts
 * fails when the committed file no longer matches.
 *
 *   npm run gen:api-types        (npx tsx scripts/gen-api-types.ts)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMicrosoftIntegration } from '../src/app/microsoft/createIntegration.js';
import { loadConfig } from '../src/config/env.js';
import { openDatabase } from '../src/db/database.js';
import type { LiveEvents } from '../src/events/liveEvents.js';
import { microsoftRoutes } from '../src/http/routes/microsoft/index.js';
import { buildServer } from '../src/http/server.js';
import { createQueue } from '../src/jobs/createQueue.js';
import { createLogger } from '../src/lib/log.js';

export const GENERATED_PATH = fileURLToPath(new URL('../web/src/api/schema.gen.ts', import.meta.url));

/** The part of JSON Schema the routes use; anything else converts to `unknown` rather than guessing. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  description?: string;
}

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
}

/**
 * The whole server as the tests build it, Microsoft routes included (they need an integration, so a
 * placeholder app registration), over an in-memory database; nothing listens and nothing is called.
 */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-gen-'));
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    TANDEM_SECRET_KEY: randomBytes(32).toString('hex'),
    TANDEM_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    MS_CLIENT_ID: 'gen-api-types',
    MS_CLIENT_SECRET: 'gen-api-types',
  });
  const log = createLogger(config.logLevel);
  const database = openDatabase(config);
  const live: LiveEvents = { publish: async () => undefined, subscribe: () => () => undefined, close: async () => undefined };
  const integration = await createMicrosoftIntegration({ config, database, log, live, queue: createQueue(config, database, log) });
  try {
    const app = await buildServer({ config, database, log, live, extraRoutes: microsoftRoutes(integration), webRoot: join(dataDir, 'no-web') });
    try {
      await app.ready();
      return JSON.parse(JSON.stringify(app.swagger())) as OpenApiDocument;
    } finally {
      await app.close();
    }
  } finally {
    await integration.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const propertyKey = (name: string): string => (IDENTIFIER.test(name) ? name : quote(name));
const unionOf = (types: string[]): string => [...new Set(types)].join(' | ') || 'never';

function literal(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return 'unknown';
}

function docComment(schema: Schema, indent: string): string {
  if (!schema.description) return '';
  return `${indent}/** ${schema.description.replace(/\s+/g, ' ').replace(/\*\//g, '*\\/')} */\n`;
}

/** A branch of anyOf/oneOf seen together with its parent's keywords (e.g. `{required: [...]}` branches). */
function mergeBranch(base: Schema, branch: Schema): Schema {
  const merged: Schema = { ...base, ...branch };
  if (base.properties || branch.properties) merged.properties = { ...base.properties, ...branch.properties };
  if (base.required || branch.required) merged.required = [...new Set([...(base.required ?? []), ...(branch.required ?? [])])];
  return merged;
}

function arrayOf(items: Schema | undefined, indent: string): string {
  const inner = toType(items, indent);
  return /^[A-Za-z_$][\w$]*$/.test(inner) || inner.endsWith('}') ? `${inner}[]` : `Array<${inner}>`;
}

function objectType(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const properties = { ...schema.properties };
  for (const name of required) properties[name] ??= {};
  const lines = Object.entries(properties).map(
    ([name, prop]) => `${docComment(prop, inner)}${inner}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${toType(prop, inner)};`,
  );
  const extra = schema.additionalProperties;
  if (extra !== undefined && extra !== false) {
    // With named properties the index signature must admit their types too, so it stays `unknown`.
    lines.push(`${inner}[key: string]: ${lines.length || extra === true ? 'unknown' : toType(extra, inner)};`);
  }
  if (!lines.length) return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** One schema as a TypeScript type; nested objects are indented from `indent`. */
export function toType(schema: Schema | boolean | undefined, indent = ''): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if ('const' in schema) return literal(schema.const);
  if (schema.enum) return unionOf(schema.enum.map(literal));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const { anyOf: _anyOf, oneOf: _oneOf, ...base } = schema;
    return unionOf(branches.map((branch) => toType(mergeBranch(base, branch), indent)));
  }
  if (schema.allOf) {
    const { allOf, ...base } = schema;
    return toType(allOf.reduce(mergeBranch, base), indent);
  }
  if (Array.isArray(schema.type)) return unionOf(schema.type.map((type) => toType({ ...schema, type }, indent)));
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return arrayOf(schema.items, indent);
    case 'object':
      return objectType(schema, indent);
    default:
      return schema.properties ? objectType(schema, indent) : 'unknown';
  }
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** 2xx answers: their JSON bodies (a union if several), or the messages of an event stream; 204 has none. */
function responseType(operation: Operation, indent: string): string {
  const ok = Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .sort(([a], [b]) => byText(a, b));
  if (!ok.length) return 'unknown';
  return unionOf(ok.map(([status, r]) => {
    const schema = r.content?.['application/json']?.schema ?? r.content?.['text/event-stream']?.schema;
    if (schema) return toType(schema, indent);
    return status === '204' ? 'void' : 'unknown';
  }));
}

function typeMap(name: string, about: string, entries: Array<[string, string]>): string {
  const body = entries.map(([key, type]) => `  ${quote(key)}: ${type};`).join('\n');
  return `/** ${about} */\nexport interface ${name} {\n${body}\n}\n`;
}

/** The generated module's text; a pure function of the document, so regenerating is byte-stable. */
export function renderApiTypes(doc: OpenApiDocument): string {
  const operations = Object.entries(doc.paths ?? {})
    .sort(([a], [b]) => byText(a, b))
    .flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHOD_ORDER.includes(method))
        .sort(([a], [b]) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b))
        .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );
  const responses = operations.map(({ key, op }): [string, string] => [key, responseType(op, '  ')]);
  const bodies = operations.flatMap(({ key, op }): Array<[string, string]> => {
    const schema = op.requestBody?.content?.['application/json']?.schema;
    return schema ? [[key, toType(schema, '  ')]] : [];
  });
  return [
    '/**',
    ' * GENERATED by `npm run gen:api-types` (scripts/gen-api-types.ts) from the server\'s OpenAPI',
    ' * document (GET /api/openapi.json). Do not edit: change the route\'s schema under src/http and',
    ' * regenerate. A property is optional (`?`) wherever the route\'s schema does not list it as required.',
    ' */',
    '',
    typeMap('ApiResponses', 'Each operation\'s 2xx JSON answer, keyed "METHOD /path" (`void`: 204 No Content).', responses),
    typeMap('ApiRequestBodies', 'Each operation\'s JSON request body, keyed like ApiResponses.', bodies),
  ].join('\n');
}

export async function generateApiTypes(): Promise<string> {
  return renderApiTypes(await buildOpenApiDocument());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(GENERATED_PATH, await generateApiTypes());
  console.log(`wrote ${GENERATED_PATH}`);
}
