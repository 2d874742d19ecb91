// Records which HTTP requests the client makes (undici publishes every request it creates on a
// diagnostics channel), so the floor can fetch exactly the same URLs.
import diagnostics from 'node:diagnostics_channel';

export interface RecordedRequest {
  method: string;
  origin: string;
  path: string;
}

interface CreateMessage {
  request: { method: string; origin: string | URL; path: string };
}

export async function recordRequests(action: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const seen: RecordedRequest[] = [];
  const onCreate = (message: unknown) => {
    const { request } = message as CreateMessage;
    seen.push({ method: request.method, origin: String(request.origin), path: request.path });
  };
  diagnostics.subscribe('undici:request:create', onCreate);
  try {
    await action();
  } finally {
    diagnostics.unsubscribe('undici:request:create', onCreate);
  }
  return seen;
}
