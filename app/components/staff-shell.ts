/**
 * What a staff page says about the staff shell (app/routes/$lang.staff.tsx), in its `handle`:
 * `staffShell: true` puts it inside the staff navigation when a signed-in person is known;
 * `staffMainClass` adds a class to its main column.
 */
export interface StaffShellHandle {
  staffShell: true;
  staffMainClass?: string;
}

export function isStaffShellHandle(handle: unknown): handle is StaffShellHandle {
  return typeof handle === "object" && handle !== null && "staffShell" in handle && handle.staffShell === true;
}
