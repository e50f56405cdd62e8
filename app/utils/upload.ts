/** Pages that take a file upload: a plan's pdf (10 MB) or a filled-in report spreadsheet (2 MB). As React Router matches paths: any case, with or without a closing slash. */
export const UPLOAD_PATHS = /^\/organisatie\/[^/]+\/(actieplan\/algemeen|rapportage\/\d+\/raster)\/?$/i;

export const isUploadPath = (pathname: string) => UPLOAD_PATHS.test(pathname);
