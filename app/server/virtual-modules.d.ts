// React Router's server build, a module that only exists inside Vite (the SSR build and the dev
// server). app/server/portal.server.ts gives it its type.
declare module "virtual:react-router/server-build";
