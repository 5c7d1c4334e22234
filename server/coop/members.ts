/** Adding people to a group by email: everyone is invited and joins only by accepting (invitations.ts). */
export function emailList(value: string | null | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
}
