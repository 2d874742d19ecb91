// List pages asked for one ahead: while page k is parsed, the server already prepares page k+1 (it
// is asked for as soon as page k has arrived, before its JSON is parsed), so a poll takes about
// the larger of server and parse time per page rather than their sum. A page is only asked for
// ahead when the last poll says it exists, so a list that ended costs no extra request, and
// never after an answer that is not a page (an error status).

export interface PageReader<T> {
  /** Page `page` (from 0), asked for now unless it was asked for ahead. */
  get(page: number): Promise<T>;
}

export function prefetchingPages<T>(
  fetchPage: (page: number) => Promise<T>,
  likelyExists: (page: number) => boolean,
  isPage: (answer: T) => boolean = () => true,
): PageReader<T> {
  let ahead: { page: number; answer: Promise<T> } | null = null;
  return {
    get(page) {
      const answer = ahead !== null && ahead.page === page ? ahead.answer : fetchPage(page);
      ahead = null;
      if (likelyExists(page + 1)) {
        // Asked once this page has arrived as a page: one page ahead at most, never after a failed page.
        const next = answer.then((a) => (isPage(a) ? fetchPage(page + 1) : Promise.reject(new Error('not asked for: the page before failed'))));
        // Read (or its failure reported) when its turn comes; never an unhandled rejection when
        // the poll stops before it (an error on this page, a short page).
        next.catch(() => undefined);
        ahead = { page: page + 1, answer: next };
      }
      return answer;
    },
  };
}
