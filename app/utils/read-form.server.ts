import { data } from "react-router";

/**
 * The request's form, or a 400 page ("kon niet worden gelezen") when it cannot be read as one (a
 * broken multipart body). For the upload pages: other pages' bodies are tried before the router
 * (app/server/request-handler.server.ts), but uploads are not read before the login is checked.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw data({ message: "Wat u verstuurde kon niet worden gelezen." }, { status: 400 });
  }
}
