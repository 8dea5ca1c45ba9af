// Checks Kubernetes objects (multi-document YAML on stdin, as `kubectl kustomize` renders them) against the API's
// schemas, two ways: each object's validate() from kubernetes-models (types, enums, formats, required fields), and
// TypeScript's compiler over the same objects typed as the API's interfaces, which refuses a field the API does not
// have (a misspelt backoffLimitPerIndex would otherwise pass, and the API server would drop or refuse it). Then it
// checks that the second way can fail: a copy with a misspelt field must be refused. Exit 0 when all is well.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

/** The module of a kind's model: the core group's is v1, the Prometheus Operator's its own package. */
function modulePath({ apiVersion, kind }) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const objects = parseAllDocuments(readFileSync(0, "utf8"))
  .map((doc) => doc.toJS())
  .filter((o) => o);
if (objects.length === 0) {
  console.error("no objects on stdin");
  process.exit(1);
}

let failed = false;
for (const object of objects) {
  const name = `${object.kind} ${object.metadata?.name}`;
  try {
    const module = await import(modulePath(object));
    new module[object.kind](object).validate();
  } catch (e) {
    console.error(`${name}: ${e.message}`);
    failed = true;
  }
}

/** Compiles the objects as typed literals; the compiler's complaints, or "" when there are none. */
function typeErrors(list) {
  // Beside node_modules, where the compiler resolves the models' types.
  const dir = mkdtempSync(join(here, "objects-"));
  const source = list
    .map((o, i) => `import type { I${o.kind} as T${i} } from "${modulePath(o)}";\n`
      + `export const o${i}: T${i} = ${JSON.stringify(o)};\n`)
    .join("");
  writeFileSync(join(dir, "objects.ts"), source);
  try {
    execFileSync(process.execPath, [join(here, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict",
      "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck",
      join(dir, "objects.ts")], { cwd: here, encoding: "utf8" });
    return "";
  } catch (e) {
    return `${e.stdout}${e.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const errors = typeErrors(objects);
if (errors) {
  console.error(errors);
  failed = true;
}
// The check of unknown fields must be able to fail: one misspelt field in a copy of the first object with a spec.
const sample = structuredClone(objects.find((o) => o.spec));
sample.spec.misspeltField = 1;
if (!typeErrors([sample]).includes("misspeltField")) {
  console.error("the schema check let a misspelt field through: it checks nothing");
  failed = true;
}
console.log(`${objects.length} objects ${failed ? "FAILED" : "match the Kubernetes and Prometheus Operator schemas"}`);
process.exit(failed ? 1 : 0);
