// Jest (on Node 20) cannot require() an ES module from a CommonJS one; @fastify/static (CJS)
// requires content-disposition 3 (ESM). In tests only, the CJS 0.5 release answers instead.
module.exports = { create: require('content-disposition-cjs') };
