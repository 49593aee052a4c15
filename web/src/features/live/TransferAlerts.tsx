import { Affix, Button, Notification, Stack, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useLiveEvent } from "./useLiveEvents";

interface Alert {
  callId: string;
  caseId: string;
  accepted: boolean;
}

/** A voice agent asked for a human: every back-office page says so, with a way to open the case. */
export function TransferAlerts() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [alerts, setAlerts] = useState<Alert[]>([]);
  useLiveEvent((event) => {
    if (event.type !== "transfer.requested") return;
    setAlerts((list) => [
      ...list.filter((a) => a.callId !== event.callId),
      { callId: event.callId, caseId: event.caseId, accepted: event.accepted },
    ]);
  });
  const dismiss = (callId: string) => setAlerts((list) => list.filter((a) => a.callId !== callId));
  if (alerts.length === 0) return null;
  return (
    <Affix position={{ bottom: 20, right: 20 }} zIndex={300}>
      <Stack gap="sm" w={360} maw="calc(100vw - 40px)">
        {alerts.slice(-3).map((alert) => (
          <Notification
            key={alert.callId}
            role="alert"
            color={alert.accepted ? "green" : "orange"}
            title={alert.accepted ? t("live.transfer.acceptedTitle") : t("live.transfer.requestedTitle")}
            closeButtonProps={{ "aria-label": t("live.transfer.dismiss") }}
            onClose={() => dismiss(alert.callId)}
            withBorder
            styles={{ description: { color: "var(--mantine-color-text)" } }}
          >
            <Text size="sm" mb="xs">
              {alert.accepted ? t("live.transfer.acceptedText") : t("live.transfer.requestedText")}
            </Text>
            <Button
              size="xs"
              onClick={() => {
                dismiss(alert.callId);
                void navigate({ to: "/backoffice/cases/$caseId", params: { caseId: alert.caseId } });
              }}
            >
              {t("live.transfer.open")}
            </Button>
          </Notification>
        ))}
      </Stack>
    </Affix>
  );
}
