// The playground server's default port: here so that the CLI's help text need not load the server.
export const DEFAULT_PORT = 8137;
