/** Whether a process with this pid runs on this host. Signal 0 tests without sending; EPERM: it runs, as another user. */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
