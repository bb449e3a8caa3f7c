/** Progress goes to stderr: stdout carries only the table and what comes with it. */
export const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
