/** Sign-in and the development demo accounts. */
import { demoAccountListSchema, loginResponseSchema, meSchema, type LoginBody } from "@parley/contract";
import { request } from "../../../services/api/client";

export const login = (body: LoginBody) =>
  request(loginResponseSchema, "/api/auth/login", { method: "POST", body });

export const listDemoAccounts = () =>
  request(demoAccountListSchema, "/api/auth/demo-accounts").then((r) => r.items);

/** Who the current token belongs to, as the server verified it. */
export const fetchMe = () => request(meSchema, "/api/me");
