// Node preload that keeps servers on the loopback interface: a listen call
// that names a port but no host binds 127.0.0.1 rather than every
// interface. Seam's fake has no host option; the suite starts it with
// NODE_OPTIONS=--import=<this file>. Unix sockets, handles and calls that
// name a host are left as they are.
import net from 'node:net'

const loopback = '127.0.0.1'
const listen = net.Server.prototype.listen

net.Server.prototype.listen = function (...args) {
  const [first, second] = args
  if (args.length === 0 || typeof first === 'function') {
    // listen() or listen(callback): any free port.
    return listen.call(this, 0, loopback, ...args)
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof second === 'string') return listen.apply(this, args)
    return listen.call(this, first, loopback, ...args.slice(1))
  }
  if (first !== null && typeof first === 'object' && first.path === undefined &&
      first.fd === undefined && first.host === undefined && !('_handle' in first)) {
    // listen({port, ...}[, callback])
    return listen.call(this, { ...first, host: loopback }, ...args.slice(1))
  }
  return listen.apply(this, args)
}
