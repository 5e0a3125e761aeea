import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/** Debian's PostgreSQL binaries, newest version first, if installed. */
export function findPostgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (fs.existsSync(path.join(bin, "initdb"))) return bin;
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway PostgreSQL cluster on 127.0.0.1, owned by the `postgres` system user when we
 * run as root (initdb refuses root). Trust auth on loopback only; gone when stopped.
 */
export async function startPostgresServer(bin: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-pg-"));
  const dataDir = path.join(dir, "data");
  const port = await freePort();
  const user = asRoot ? "postgres" : os.userInfo().username;
  const run = (cmd: string, args: string[]) =>
    asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] as const : [path.join(bin, cmd), args] as const;
  if (asRoot) execFileSync("chown", ["-R", "postgres", dir]);
  const [initCmd, initArgs] = run("initdb", ["-D", dataDir, "-U", user, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  execFileSync(initCmd, initArgs, { stdio: "pipe" });
  const [cmd, args] = run("postgres", [
    "-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-k", dir,
    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300",
  ]);
  // Its own process group, so stopping reaches postgres through runuser.
  const child: ChildProcess = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`PostgreSQL did not start on port ${port}:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // Accepting TCP is not accepting queries: wait for the "ready" line.
  while (!stderr.includes("ready to accept connections") && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      // SIGINT is PostgreSQL's fast shutdown; SIGKILL if it has not gone within 10 s.
      await stopProcessGroup(child, "SIGINT", 10_000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** Signals a detached child's whole process group and waits for it, escalating to SIGKILL. */
export async function stopProcessGroup(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const send = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // Already gone.
    }
  };
  send(signal);
  const timer = setTimeout(() => send("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
