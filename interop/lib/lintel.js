// Starting the real lintel binary for the suite: built once from this
// checkout (or taken from LINTEL_BIN), served on a free loopback port with
// a database in a temporary directory that is removed afterwards.

import { execFile, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Builds lintel from the checkout unless LINTEL_BIN names a binary. */
export function lintelBinary(dir) {
  if (process.env.LINTEL_BIN) return resolve(process.env.LINTEL_BIN)
  const bin = join(dir, 'lintel')
  execFileSync('go', ['build', '-o', bin, './cmd/lintel'], { cwd: repoRoot, stdio: 'inherit' })
  return bin
}

/**
 * Starts `lintel serve --seed` on 127.0.0.1:0 and resolves once it prints
 * its address. Returns {url, bootstrapKey, seeded, stop, createConsoleUser,
 * pairBridge}.
 */
export async function startLintel({ seed = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lintel-interop-'))
  let server
  try {
    server = await serve(lintelBinary(dir), dir, seed)
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    throw err
  }
  const bin = server.bin
  const stop = async () => {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  const createConsoleUser = (email, workspaceIds) => consoleUser(bin, dir, email, workspaceIds)
  const pairBridge = (workspaceId, pairingCode, connectedAccountIds = []) =>
    pairBridgeCommand(bin, dir, workspaceId, pairingCode, connectedAccountIds)
  return { ...server, stop, createConsoleUser, pairBridge }
}

/**
 * Runs `lintel pair-bridge` on the server's database: pairs the Seam Bridge
 * client showing the pairing code with the workspace, the connected
 * accounts behind it. Resolves to what it prints, {bridge}.
 */
function pairBridgeCommand(bin, dir, workspaceId, pairingCode, connectedAccountIds) {
  const args = ['pair-bridge', '--database', join(dir, 'lintel.db'), '--workspace_id', workspaceId, '--pairing_code', pairingCode, '--log-level', 'warn']
  for (const id of connectedAccountIds) args.push('--connected_account_id', id)
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lintel pair-bridge: ${err.message}\n${stdout}${stderr}`))
      resolve(JSON.parse(stdout))
    })
  })
}

/**
 * Runs `lintel users create` on the server's database: a console user in
 * the workspaces, with a personal access token and a console session.
 * Resolves to what it prints: {personal_access_token, console_session_token, …}.
 */
function consoleUser(bin, dir, email, workspaceIds) {
  const args = ['users', 'create', '--database', join(dir, 'lintel.db'), '--email', email, '--console_session', '1h', '--log-level', 'warn']
  for (const id of workspaceIds) args.push('--workspace_id', id)
  return new Promise((resolve, reject) => {
    execFile(bin, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`lintel users create: ${err.message}\n${stderr}`))
      resolve(JSON.parse(stdout))
    })
  })
}

function serve(bin, dir, seed) {
  const args = ['serve', '--addr', '127.0.0.1:0', '--database', join(dir, 'lintel.db'), '--log-level', 'warn']
  if (seed) args.push('--seed')
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let errText = ''
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`lintel did not start within 30 s:\n${out}${errText}`))
    }, 30_000)
    const exited = (code) => {
      clearTimeout(timer)
      reject(new Error(`lintel exited with ${code} before listening:\n${out}${errText}`))
    }
    child.once('exit', exited)
    child.stderr.on('data', (b) => {
      errText += b
      if (process.env.LINTEL_INTEROP_VERBOSE) process.stderr.write(b)
    })
    child.stdout.on('data', (b) => {
      out += b
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m == null) return
      clearTimeout(timer)
      child.off('exit', exited)
      const key = /^\s*(seam_\S+)\s*$/m.exec(out)
      resolvePromise({
        url: m[1],
        bootstrapKey: key ? key[1] : null,
        seeded: seed,
        bin,
        stderr: () => errText,
        stop: () => stopChild(child),
      })
    })
  })
}

function stopChild(child) {
  if (child.exitCode != null || child.signalCode != null) return Promise.resolve()
  return new Promise((done) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.once('exit', () => {
      clearTimeout(force)
      done()
    })
    child.kill('SIGTERM')
  })
}
