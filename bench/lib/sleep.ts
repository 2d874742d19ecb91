// Waiting on wall time: the bench measures real processes, so it has to (tests never do).
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
