export interface TenantsTable {
  id: string;
  name: string;
  created_at: number;
}
