/** Read access to the tenant directory, for Graph modules that need to resolve other users. */
export interface DirectoryUser {
  id: string;
  tenantId: string;
  userPrincipalName: string;
  displayName: string;
  mail: string;
  isAdmin: boolean;
}

export interface DirectoryReader {
  userById(id: string): DirectoryUser | undefined;
  /** Case-insensitive match on mail or userPrincipalName. */
  userByEmail(email: string): DirectoryUser | undefined;
  usersInTenant(tenantId: string): DirectoryUser[];
}
