/** The same layer rules, cruising the frontend with its own tsconfig (dependency-cruiser takes one per run). */
const path = require("node:path");
const base = require("./.dependency-cruiser.cjs");

module.exports = {
  ...base,
  options: { ...base.options, tsConfig: { fileName: path.join(__dirname, "frontend/tsconfig.json") } },
};
