// A recording proxy between the official clients and lintel. It passes
// every request and response through unchanged and, on the side, checks
// each JSON body against the official schema of its route, so the clients
// are driven exactly as users drive them while the suite sees every byte.

import { createServer, request as httpRequest } from 'node:http'
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib'

import { checkResponse, undocumentedFields } from './official.js'

export class Recorder {
  /** @param {string} upstream lintel's base URL */
  constructor(upstream) {
    this.upstream = new URL(upstream)
    /** Every exchange: {method, path, query, status, body, requestId, client}. */
    this.exchanges = []
    /** Schema problems not yet claimed by a test. */
    this.problems = []
    /** Fields lintel sends that the official schemas lack, by path. */
    this.undocumented = new Map()
    /** Paths answered 2xx with a body that conforms, by client name. */
    this.exercised = new Map()
    this.servers = []
  }

  /**
   * Opens an entrance on a free loopback port for one client (its name
   * labels what comes through it: "sdk", "cli"); resolves to its URL.
   */
  listen(client) {
    const server = createServer((req, res) => this.#forward(client, req, res))
    this.servers.push(server)
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`))
    })
  }

  close() {
    return Promise.all(
      this.servers.map((s) => {
        s.closeAllConnections()
        return new Promise((resolve) => s.close(() => resolve()))
      }),
    )
  }

  /** Returns and forgets the problems found since the last call. */
  takeProblems() {
    const p = this.problems
    this.problems = []
    return p
  }

  #forward(client, req, res) {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const reqBody = Buffer.concat(chunks)
      const up = httpRequest(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: this.upstream.host },
        },
        (upRes) => {
          const body = []
          upRes.on('data', (c) => body.push(c))
          upRes.on('end', () => {
            const raw = Buffer.concat(body)
            // Recorded before the client can see the answer, so a test that
            // asks for problems right after a call finds them.
            this.#record(client, req, upRes, raw)
            res.writeHead(upRes.statusCode, upRes.rawHeaders)
            res.end(raw)
          })
        },
      )
      up.on('error', (err) => {
        res.writeHead(502, { 'content-type': 'text/plain' })
        res.end(`recording proxy: ${err.message}`)
      })
      up.end(reqBody)
    })
  }

  #record(client, req, res, raw) {
    const url = new URL(req.url, 'http://x')
    const path = url.pathname
    const status = res.statusCode
    const exchange = { method: req.method, path, query: url.searchParams, status, requestId: res.headers['seam-request-id'], client }
    this.exchanges.push(exchange)
    if (path === '/openapi.json') {
      if (status === 200) this.#exercise(path, client)
      return
    }
    const where = `${req.method} ${path} (${status}, ${client})`
    const type = res.headers['content-type'] ?? ''
    if (!type.startsWith('application/json')) {
      this.problems.push(`${where}: content-type ${JSON.stringify(type)}, want application/json`)
      return
    }
    if (!exchange.requestId) this.problems.push(`${where}: no seam-request-id header`)
    let body
    try {
      body = JSON.parse(decode(raw, res.headers['content-encoding']).toString('utf8'))
    } catch (err) {
      this.problems.push(`${where}: body is not JSON: ${err.message}`)
      return
    }
    exchange.body = body
    const problems = checkResponse(path, status, body)
    // A success that says it failed is no success, whatever its schema
    // allows (the official 200 schemas type ok as any boolean).
    if (status < 300 && body?.ok !== true) problems.push(`answered ${status} with "ok": ${JSON.stringify(body?.ok)}, want true`)
    // A route lintel promises is never a stub (interop/promised-routes.json).
    if (status === 501) problems.push('answered 501: not implemented')
    for (const p of problems) this.problems.push(`${where}: ${p}`)
    if (status < 300 && problems.length === 0) this.#exercise(path, client)
    if (status < 300) {
      for (const f of undocumentedFields(path, body)) {
        if (!this.undocumented.has(path)) this.undocumented.set(path, new Set())
        this.undocumented.get(path).add(f)
      }
    }
  }

  #exercise(path, client) {
    if (!this.exercised.has(path)) this.exercised.set(path, new Set())
    this.exercised.get(path).add(client)
  }
}

function decode(raw, encoding) {
  switch (encoding) {
    case 'gzip':
      return gunzipSync(raw)
    case 'deflate':
      return inflateSync(raw)
    case 'br':
      return brotliDecompressSync(raw)
    default:
      return raw
  }
}
