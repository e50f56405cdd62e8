// Prettier formats the code (npm run format; npm run lint checks it): its defaults, with lines
// up to 140 characters, which the tree was written to (docs/decisions/028-eslint-and-prettier.md).
export default { printWidth: 140 };
