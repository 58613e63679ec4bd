import type { TypedDocumentString } from './generated/graphql';

/**
 * The dashboard's only way to the platform: the public GraphQL endpoint (and the evaluation
 * report's CSV route) of the gateway that served the page, with the viewer's own token as
 * `Authorization: Bearer`. Nothing here a third-party app could not do.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
  /** The token is missing, malformed, expired or revoked: the viewer must sign in again. */
  get signInAgain(): boolean {
    return this.status === 401 || this.code === 'UNAUTHENTICATED';
  }
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function readErrors(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as GraphQLBody<unknown>;
    const error = body.errors?.[0];
    if (error) return new ApiError(error.message, error.extensions?.code, response.status);
  } catch {
    // not JSON: the status says it
  }
  return new ApiError(`The platform answered ${response.status}`, undefined, response.status);
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  token: string,
): Promise<TResult> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  if (!response.ok) throw await readErrors(response);
  const body = (await response.json()) as GraphQLBody<TResult>;
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, error.extensions?.code, response.status);
  if (!body.data) throw new ApiError('The platform answered no data', undefined, response.status);
  return body.data;
}

/**
 * Downloads a node's evaluation report as CSV (GET /reports/evaluation.csv, see the API guide),
 * fetched with the token and saved through a local blob: URL.
 */
export async function downloadEvaluationCsv(token: string, nodeId: string, halfYear: string | null, par30Above: string): Promise<void> {
  const query = new URLSearchParams({ nodeId, par30Above });
  if (halfYear) query.set('halfYear', halfYear);
  const response = await fetch(`/reports/evaluation.csv?${query.toString()}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await readErrors(response);
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `evaluation-${nodeId}.csv`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
