// `npm run hash-password`: prints a scrypt hash for DX_AUTH_USERS (user:hash,...).
// The password is read from standard input (typed without echo on a terminal, or piped), never from
// the command line, where other users could see it in the process list and it would stay in the
// shell's history.
//   npm run --silent hash-password                    # asks for it
//   printf %s "$PASSWORD" | npm run --silent hash-password
import { stdin, stderr, stdout } from "node:process";

import { hashPassword } from "../lib/server/password";

const MIN_LENGTH = 12;

function readPiped(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    stdin.setEncoding("utf8");
    stdin.on("data", (chunk: string) => (text += chunk));
    stdin.on("end", () => resolve(text.replace(/\r?\n$/, "")));
    stdin.on("error", reject);
  });
}

function readTyped(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    stderr.write(prompt);
    let text = "";
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n" || ch === "\u0004") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          stderr.write("\n");
          resolve(text);
          return;
        }
        if (ch === "\u0003") {
          stderr.write("\n");
          process.exit(130);
        }
        if (ch === "\u007f" || ch === "\b") text = text.slice(0, -1);
        else text += ch;
      }
    };
    stdin.on("data", onData);
  });
}

async function main(): Promise<void> {
  let password: string;
  if (stdin.isTTY) {
    password = await readTyped("Password: ");
    if ((await readTyped("Again: ")) !== password) {
      stderr.write("The two passwords differ.\n");
      process.exit(1);
    }
  } else {
    password = await readPiped();
  }
  if (password.length < MIN_LENGTH) {
    stderr.write(`Use a password of at least ${MIN_LENGTH} characters.\n`);
    process.exit(1);
  }
  stdout.write(`${await hashPassword(password)}\n`);
}

void main();
