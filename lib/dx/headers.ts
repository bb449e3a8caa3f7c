// HTTP headers the dashboard's server and browser code agree on.

/** On a 304 from GET /api/topology: the readAt of the unchanged topology (the body that carries it is not sent). */
export const READ_AT_HEADER = "X-Dx-Read-At";
