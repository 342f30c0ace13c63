/** A thin JSON client of the Huying API for the benchmarks. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    readonly token: string | null = null,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiClient> {
    const res = await fetch(`${baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json()) as { token?: string; error?: { message: string } };
    if (!res.ok || !body.token) throw new Error(`login ${username}: ${res.status} ${body.error?.message ?? ""}`);
    return new ApiClient(baseUrl, body.token);
  }

  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  get<T = Record<string, unknown>>(path: string): Promise<T> {
    return this.call<T>("GET", path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>("POST", path, body);
  }
}

/** A realistic intake body (the text of a typical 12345 call, as an operator records it). */
export function intakeBody(i: number, anonymous = false): Record<string, unknown> {
  return {
    channel: "phone",
    requester: anonymous ? { anonymous: true } : { name: "张先生", phone: `1380000${String(i % 10000).padStart(4, "0")}` },
    title: `东湖区长安街道幸福小区${i % 97}栋楼下夜间施工噪音扰民`,
    content:
      "市民来电反映：东湖区长安街道幸福小区旁工地近一周每晚十点后仍在施工，噪音很大，严重影响周边居民休息，" +
      "家中有老人和小孩，多次向物业反映无果，希望相关部门尽快核实处理，依法查处夜间违规施工行为。",
    urgency: "ordinary",
  };
}
