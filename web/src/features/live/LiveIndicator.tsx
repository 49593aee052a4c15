import { Box, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Says whether the page follows changes as they happen or only refreshes now and then. */
export function LiveIndicator({ connected }: { connected: boolean }) {
  const { t } = useTranslation();
  // The text keeps the body colour (AA contrast); the dot is only a cue.
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-live={connected ? "on" : "off"}
      title={connected ? t("live.connectedHint") : t("live.offlineHint")}
    >
      <Box
        component="span"
        aria-hidden="true"
        w={8}
        h={8}
        bg={connected ? "green.7" : "gray.6"}
        style={{ borderRadius: "50%", flexShrink: 0 }}
      />
      <Text size="sm" span>
        {connected ? t("live.connected") : t("live.offline")}
      </Text>
    </Group>
  );
}
