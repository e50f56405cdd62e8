import type { NextFunction, Request, Response } from "express";
import { EventEmitter } from "node:events";

/**
 * Makes `res.once("drain", …)` remove its listener again under `compression`.
 *
 * `compression` sends `res.on("drain")` to its gzip stream, but not `res.removeListener`. React
 * Router's stream writer waits for backpressure with `res.once("drain")`; Node's once-wrapper then
 * removes itself from `res`, where it is not, so every wait of a long compressed response (an
 * export) left a listener on the gzip stream, and after ten Node printed a
 * MaxListenersExceededWarning. Here the wrapper removes itself from whichever emitter called it:
 * the gzip stream, or `res` itself when the response is not compressed.
 */
export function drainOnceAfterCompression(_req: Request, res: Response, next: NextFunction) {
  res.once = function once(this: Response, event: string | symbol, listener: (...args: unknown[]) => void) {
    if (event !== "drain") return EventEmitter.prototype.once.call(this, event, listener) as Response;
    let fired = false;
    const wrapper = function (this: EventEmitter, ...args: unknown[]) {
      this.removeListener("drain", wrapper);
      if (fired) return;
      fired = true;
      listener.apply(this, args);
    };
    return this.on("drain", wrapper);
  } as Response["once"];
  next();
}
