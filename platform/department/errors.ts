/** A department declared or configured so that it cannot start: the message says what to fix. */
export class DepartmentSetupError extends Error {
  readonly code = 'DEPARTMENT_SETUP';
  constructor(department: string, problem: string) {
    super(`The ${department} department ${problem}`);
    this.name = 'DepartmentSetupError';
  }
}
