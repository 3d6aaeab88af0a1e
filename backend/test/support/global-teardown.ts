import fs from "node:fs";

export default async function globalTeardown(): Promise<void> {
  const file = process.env.PARLEY_TEST_TEMPLATE;
  if (file) fs.rmSync(file, { force: true });
}
