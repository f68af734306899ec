import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { GENERATED_PATH, generateApiTypes, toType } from '../../scripts/gen-api-types.js';

describe('web/src/api/schema.gen.ts', () => {
  test('matches what the routes\' schemas generate now', async () => {
    const fresh = await generateApiTypes();
    const committed = readFileSync(GENERATED_PATH, 'utf8');
    assert.ok(fresh === committed, 'web/src/api/schema.gen.ts is out of date with the routes\' schemas: run `npm run gen:api-types` and commit the result');
  });

  test('covers the Microsoft 365 and mail routes as well as the CRM ones', async () => {
    const text = await generateApiTypes();
    for (const key of ["'GET /api/people/{id}'", "'GET /api/microsoft'", "'POST /api/microsoft/connect'", "'GET /api/mail/messages'", "'POST /api/mail/send'"]) {
      assert.ok(text.includes(`  ${key}: `), `${key} is missing from the generated types`);
    }
  });
});

describe('the JSON Schema to TypeScript conversion', () => {
  test('objects: required, optional, nullable, index signatures, empty', () => {
    const type = toType({
      type: 'object',
      properties: { id: { type: 'string' }, n: { type: ['integer', 'null'] }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['id'],
    });
    assert.equal(type, '{\n  id: string;\n  n?: number | null;\n  tags?: string[];\n}');
    assert.equal(toType({ type: 'object', additionalProperties: { type: 'boolean' } }), '{\n  [key: string]: boolean;\n}');
    assert.equal(toType({ type: ['object', 'null'], properties: {}, additionalProperties: false }), 'Record<string, never> | null');
  });

  test('enums, const, unions and arrays of unions', () => {
    assert.equal(toType({ type: 'string', enum: ['a', "it's"] }), "'a' | 'it\\'s'");
    assert.equal(toType({ const: 3 }), '3');
    assert.equal(toType({ oneOf: [{ type: 'string' }, { type: 'boolean' }] }), 'string | boolean');
    assert.equal(toType({ type: 'array', items: { type: ['string', 'null'] } }), 'Array<string | null>');
  });

  test('anyOf branches that only add required keys become one object type per branch', () => {
    const type = toType({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, anyOf: [{ required: ['a'] }, { required: ['b'] }] });
    assert.equal(type, '{\n  a: string;\n  b?: string;\n} | {\n  a?: string;\n  b: string;\n}');
  });
});
