import { Badge, Box, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDate } from "../../shared/format";
import { translateOpen } from "../../shared/i18n";
import type { CaseSummary, Phase } from "./types";

const PHASE_COLOR: Record<Phase, string> = {
  amicable: "navy",
  pre_litigation: "orange",
  judicial: "red",
  closed: "gray",
};

/** Beside a case's reference in lists: the other side wrote and the viewer has not read it yet. */
export function UnreadMessagesBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <Badge color="red.9" size="sm" ml="xs" style={{ verticalAlign: "middle" }}>
      {t("messages.unreadInList", { count })}
    </Badge>
  );
}

// The text keeps the body colour (AA contrast); the coloured dot is only a cue, never the message.
export function PhaseBadge({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} wrap="nowrap" component="span" display="inline-flex">
      <Box
        component="span"
        aria-hidden="true"
        w={8}
        h={8}
        bg={`${PHASE_COLOR[phase] ?? "gray"}.6`}
        style={{ borderRadius: "50%", flexShrink: 0 }}
      />
      <Text size="sm" span>
        {t(`case.phase.${phase}`)}
      </Text>
    </Group>
  );
}

export function StatusLabel({ summary }: { summary: Pick<CaseSummary, "status" | "hold" | "closedReason"> }) {
  const { t, i18n } = useTranslation();
  const { hold, closedReason } = summary;
  return (
    <Stack gap={0}>
      <Text size="sm" span>
        {translateOpen("case.status", summary.status)}
      </Text>
      {hold ? (
        <Text size="sm" c="dimmed" span>
          {hold.until
            ? t("case.holdUntil", {
                reason: translateOpen("case.holdReason", hold.reason),
                until: formatDate(hold.until, i18n.language),
              })
            : translateOpen("case.holdReason", hold.reason)}
        </Text>
      ) : null}
      {closedReason ? (
        <Text size="sm" c="dimmed" span>
          {translateOpen("case.closedReason", closedReason)}
        </Text>
      ) : null}
    </Stack>
  );
}
