import type { NotificationChannel } from "@parley/contract";

/** How the web app names each channel, and what sets it up (docs/notifications.md, "Channels and their real setup"). */
export const CHANNEL_LABELS: Record<NotificationChannel, { label: string; setup: string }> = {
  telegram: { label: "Telegram", setup: "Set TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID on the server." },
  whatsapp: {
    label: "WhatsApp",
    setup:
      "Set WHATSAPP_TOKEN, WHATSAPP_PHONE_ID and WHATSAPP_TO on the server (and WHATSAPP_TEMPLATE for alerts at any hour).",
  },
  email: { label: "Email", setup: "Set SMTP_URL and MAIL_FROM on the server." },
  push: { label: "Browser push", setup: "Set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY on the server." },
  webhook: { label: "Webhook", setup: "Add a webhook below." },
};

export const channelLabel = (channel: NotificationChannel): string => CHANNEL_LABELS[channel].label;
