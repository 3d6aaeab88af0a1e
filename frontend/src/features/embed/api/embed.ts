import { embedConfigSchema } from "@parley/contract";
import { request } from "../../../services/api/client";

/** Which host origins this Parley lets frame it (EMBED_ALLOWED_ORIGINS). */
export const fetchEmbedConfig = () => request(embedConfigSchema, "/api/embed/config");
