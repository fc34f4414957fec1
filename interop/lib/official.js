// The official response schemas: Seam's OpenAPI document as shipped in the
// installed @seamapi/types, turned into JSON Schema and compiled with Ajv.
// A body lintel sends is checked against the 200 schema of its route.

import { openapi } from '@seamapi/types/connect'
import Ajv from 'ajv'
import addFormats from 'ajv-formats'

const ajv = new Ajv({ allErrors: true, strict: false })
addFormats(ajv)

/** The paths of the official document, for "is this a Seam route?". */
export const officialPaths = new Set(Object.keys(openapi.paths))

/** The version of @seamapi/types the schemas come from. */
export { openapi }

// toJSONSchema rewrites an OpenAPI 3.0 schema into draft-07 JSON Schema:
// $ref inlined (so error schema paths point into one tree), `nullable`
// spelled as a null type, OpenAPI 3.0's boolean exclusiveMinimum and
// exclusiveMaximum turned into draft-07's numbers, OpenAPI-only keywords
// dropped. A $ref back into a
// schema it is already inside (a recursive resource) is not inlined
// again: it becomes a JSON Schema $ref to that schema under the root's
// `definitions`, so the recursion is checked to any depth.
export function toJSONSchema(doc, root) {
  const definitions = {}
  const pending = []
  const out = convert(doc, root, [], (name) => {
    if (!(name in definitions)) {
      definitions[name] = null
      pending.push(name)
    }
    return { $ref: `#/definitions/${name}` }
  })
  while (pending.length > 0) {
    const name = pending.shift()
    definitions[name] = convert(doc, target(doc, name), [name], (n) => {
      if (!(n in definitions)) {
        definitions[n] = null
        pending.push(n)
      }
      return { $ref: `#/definitions/${n}` }
    })
  }
  if (Object.keys(definitions).length > 0) out.definitions = definitions
  return out
}

function target(doc, name) {
  const t = doc.components?.schemas?.[name]
  if (t == null) throw new Error(`unknown $ref #/components/schemas/${name}`)
  return t
}

function convert(doc, node, seen, recursive) {
  if (Array.isArray(node)) return node.map((n) => convert(doc, n, seen, recursive))
  if (node === null || typeof node !== 'object') return node
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/components/schemas/', '')
    if (seen.includes(name)) return recursive(name)
    return convert(doc, target(doc, name), [...seen, name], recursive)
  }
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-') || k === 'discriminator' || k === 'nullable' || k === 'example') continue
    // Under `properties` every key is a field name, not a keyword.
    if (k === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(v).map(([name, s]) => [name, convert(doc, s, seen, recursive)]),
      )
      continue
    }
    out[k] = convert(doc, v, seen, recursive)
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ]) {
    if (typeof out[flag] !== 'boolean') continue
    if (out[flag] && typeof out[bound] === 'number') {
      out[flag] = out[bound]
      delete out[bound]
    } else {
      delete out[flag]
    }
  }
  if (node.nullable === true) return nullable(out)
  return out
}

function nullable(s) {
  if (typeof s.type === 'string') {
    s.type = [s.type, 'null']
    if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null]
    return s
  }
  const constrained = Object.keys(s).some((k) => k !== 'description')
  if (!constrained) return s // `{nullable: true}` alone: anything goes
  return { anyOf: [{ type: 'null' }, s] }
}

const variantValidators = new WeakMap()

// lintel's own document, for the routes Seam's does not have (/health).
let ownDocument = null

/** Sets lintel's own document, the schema source of last resort. */
export function useOwnDocument(doc) {
  ownDocument = doc
}

const compiled = new Map()

/**
 * The validator of the 200 body of path: {schema, validate, source}, from
 * the official document, else lintel's own; null when neither has it.
 */
export function responseValidator(path) {
  if (compiled.has(path)) return compiled.get(path)
  let entry = null
  for (const [source, doc] of [
    ['official', openapi],
    ['lintel', ownDocument],
  ]) {
    const item = doc?.paths?.[path]
    if (item == null) continue
    const op = item.post ?? Object.values(item)[0]
    const schema = op?.responses?.['200']?.content?.['application/json']?.schema
    // An official route whose 200 has no body schema (workspaces/update)
    // is checked against lintel's own: at least {"ok": true}.
    if (schema == null) continue
    const json = toJSONSchema(doc, schema)
    entry = { schema: json, validate: ajv.compile(json), source }
    break
  }
  compiled.set(path, entry)
  return entry
}

const compiledErrors = new Map()

/** The validator of the official error body of path for status, or null. */
export function errorValidator(path, status) {
  const key = `${path} ${status}`
  if (compiledErrors.has(key)) return compiledErrors.get(key)
  let entry = null
  const item = openapi.paths?.[path]
  const op = item?.post ?? (item ? Object.values(item)[0] : null)
  const schema = op?.responses?.[String(status)]?.content?.['application/json']?.schema
  if (schema != null) {
    const json = toJSONSchema(openapi, schema)
    entry = { schema: json, validate: ajv.compile(json) }
  }
  compiledErrors.set(key, entry)
  return entry
}

/** The error envelope every official client reads (WIRE.md section 5). */
const errorEnvelope = ajv.compile({
  type: 'object',
  required: ['error', 'ok'],
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      required: ['type', 'message'],
      properties: {
        type: { type: 'string', minLength: 1 },
        message: { type: 'string' },
        data: {},
        validation_errors: { type: 'object' },
      },
    },
  },
})

/**
 * Checks a response body against the official schema of its route.
 * Returns problems as strings naming the JSON path, empty when it conforms.
 */
export function checkResponse(path, status, body) {
  if (status >= 400) {
    const problems = errorEnvelope(body) ? [] : describe(errorEnvelope.errors, body, errorEnvelope.schema)
    // The official document's schema for this status of this route, where
    // it gives one (it documents 400 and 401 without a body today).
    const v = errorValidator(path, status)
    if (v != null && !v.validate(body)) problems.push(...describe(v.validate.errors, body, v.schema))
    return problems
  }
  const v = responseValidator(path)
  if (v == null) return [`no schema for ${path}, neither in @seamapi/types nor in lintel's document`]
  if (v.validate(body)) return []
  const problems = collapse(describe(v.validate.errors, body, v.schema))
  return v.source === 'official' ? problems : problems.map((p) => `${p} (lintel's own schema: not a Seam route)`)
}

// describe turns Ajv errors into "/json/path: message" lines. A failed
// oneOf (events, action attempts, errors and warnings) would otherwise
// report every variant's complaints; instead the data is checked against
// each variant alone and the closest variant's problems are reported.
function describe(errors, data, schema) {
  const oneOfFailures = errors.filter((e) => e.keyword === 'oneOf')
  const out = new Set()
  for (const e of errors) {
    const inside = oneOfFailures.find(
      (o) => o !== e && e.schemaPath.startsWith(o.schemaPath.replace(/\/oneOf$/, '/oneOf/')),
    )
    if (inside) continue
    if (e.keyword === 'oneOf') {
      const variants = pointer(schema, e.schemaPath)
      const value = pointer(data, '#' + e.instancePath)
      for (const p of closestVariant(variants, value)) out.add(prefix(e.instancePath, p))
      continue
    }
    out.add(line(e))
  }
  return [...out]
}

function closestVariant(variants, value) {
  let best = null
  for (const v of variants) {
    let fn = variantValidators.get(v)
    if (fn == null) {
      fn = ajv.compile(v)
      variantValidators.set(v, fn)
    }
    if (fn(value)) return [] // matches several: oneOf's exclusivity is not lintel's concern
    const problems = describe(fn.errors, value, v)
    // A variant whose discriminating enum (event_type, error_code, status…)
    // fails is further away than any other problem.
    const score = problems.length + 100 * fn.errors.filter((e) => e.keyword === 'enum' && e.instancePath.split('/').length === 2).length
    if (best == null || score < best.score) best = { score, problems }
  }
  if (best == null) return ['matches no variant']
  if (best.score >= 100) {
    // Every variant refuses the discriminator: name the value and the choices.
    for (const key of discriminators(variants)) {
      const allowed = variants.map((v) => v.properties[key].enum[0])
      if (value != null && !allowed.includes(value[key])) {
        return [`/${key}: ${JSON.stringify(value[key])} is not one of the ${allowed.length} values the official schema allows`]
      }
    }
  }
  return best.problems
}

// discriminators are the properties every variant pins to a single value.
function discriminators(variants) {
  const first = variants[0]?.properties ?? {}
  return Object.keys(first).filter((k) =>
    variants.every((v) => Array.isArray(v.properties?.[k]?.enum) && v.properties[k].enum.length === 1),
  )
}

function prefix(base, problem) {
  return problem.startsWith('/') ? base + problem : `${base || '/'}: ${problem}`
}

function line(e) {
  const where = e.instancePath || '/'
  switch (e.keyword) {
    case 'required':
      return `${where === '/' ? '' : where}/${e.params.missingProperty}: required field missing`
    case 'enum':
      return `${where}: ${e.message} (${e.params.allowedValues.map((x) => JSON.stringify(x)).join(', ')})`
    default:
      return `${where}: ${e.message}`
  }
}

/**
 * Lists the fields of body that the official schema of path does not
 * describe ("/acs_users/[]/nickname"): not an error, the clients ignore
 * them, but worth knowing about.
 */
export function undocumentedFields(path, body) {
  const v = responseValidator(path)
  if (v == null || v.source !== 'official') return []
  const out = new Set()
  extras(v.schema, body, '', out)
  return [...out]
}

function extras(schema, data, at, out) {
  if (schema == null || data == null || typeof data !== 'object') return
  if (Array.isArray(data)) {
    for (const item of data) extras(schema.items, item, `${at}/[]`, out)
    return
  }
  for (const k of ['anyOf', 'oneOf']) {
    if (!Array.isArray(schema[k])) continue
    // The variant that pins the data's discriminators, if any.
    const keys = discriminators(schema[k].filter((s) => s.properties))
    const match = schema[k].find((s) => s.properties && keys.every((d) => s.properties[d].enum[0] === data[d]))
    extras(match ?? schema[k].find((s) => s.type === 'object' || s.properties), data, at, out)
    return
  }
  if (schema.properties == null || schema.additionalProperties) return
  for (const [key, value] of Object.entries(data)) {
    if (!(key in schema.properties)) out.add(`${at}/${key}`)
    else extras(schema.properties[key], value, `${at}/${key}`, out)
  }
}

// collapse reports a problem repeated in every item of a list once, with
// the first item's path and how many more items have it.
function collapse(problems) {
  const groups = new Map()
  for (const p of problems) {
    const key = p.replace(/\/\d+(?=\/|:)/g, '/*')
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(p)
  }
  return [...groups.values()].map((g) => (g.length === 1 ? g[0] : `${g[0]} (and ${g.length - 1} more items)`))
}

// pointer resolves a JSON pointer ("#/a/0/b") into obj.
function pointer(obj, ptr) {
  const parts = ptr.replace(/^#\/?/, '').split('/').filter((p) => p !== '')
  let cur = obj
  for (const p of parts) cur = cur?.[decodeURIComponent(p.replace(/~1/g, '/').replace(/~0/g, '~'))]
  return cur
}
