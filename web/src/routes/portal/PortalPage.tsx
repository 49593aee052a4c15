import { Button, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { AppointmentForm } from "../../features/portal/actions/AppointmentForm";
import { CallbackForm } from "../../features/portal/actions/CallbackForm";
import { ContactForm } from "../../features/portal/actions/ContactForm";
import { DisputeForm } from "../../features/portal/actions/DisputeForm";
import { PayForm } from "../../features/portal/actions/PayForm";
import { PlanForm } from "../../features/portal/actions/PlanForm";
import { PromiseForm } from "../../features/portal/actions/PromiseForm";
import { SurveyForm } from "../../features/portal/actions/SurveyForm";
import type { ActionProps, Done, PortalAction } from "../../features/portal/actions/types";
import { CaseOverview } from "../../features/portal/CaseOverview";
import { Confirmation, PaymentReturn } from "../../features/portal/Confirmation";
import { IdentityCheck } from "../../features/portal/IdentityCheck";
import { PortalFrame } from "../../features/portal/PortalFrame";
import {
  isInvalidLink,
  type PortalLink,
  portalCaseQuery,
  portalLinkQuery,
} from "../../features/portal/queries";
import { ScreenTitle } from "../../features/portal/ScreenTitle";
import { clearPortalSession, readPortalSession } from "../../features/portal/session";
import { isApiError } from "../../shared/api";
import { errorMessage } from "../../shared/ui/error-message";
import { PageLoader } from "../../shared/ui/RouteStates";
import { usePageTitle } from "../../shared/ui/usePageTitle";

const route = getRouteApi("/p/$token");

const FORMS: Record<PortalAction, (props: ActionProps) => ReactNode> = {
  pay: PayForm,
  plan: PlanForm,
  promise: PromiseForm,
  dispute: DisputeForm,
  callback: CallbackForm,
  appointment: AppointmentForm,
  survey: SurveyForm,
  contact: ContactForm,
};

function InvalidLink() {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" pt="md">
      <ScreenTitle>{t("portal.invalid.title")}</ScreenTitle>
      <Text>{t("portal.invalid.body")}</Text>
      <Text>{t("portal.invalid.help")}</Text>
    </Stack>
  );
}

function Unavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  usePageTitle(t("portal.unavailable.title"));
  return (
    <Stack gap="sm" pt="md" align="flex-start">
      <Title order={1} size="h2">
        {t("portal.unavailable.title")}
      </Title>
      <Text>{errorMessage(t, error)}</Text>
      <Button size="md" onClick={onRetry}>
        {t("common.retry")}
      </Button>
    </Stack>
  );
}

/** Past the identity check: the case, an action screen, or the confirmation that follows. */
function CaseArea({
  token,
  session,
  onSessionEnded,
}: {
  token: string;
  session: string;
  onSessionEnded: () => void;
}) {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<PortalAction | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const caseQuery = useQuery({
    ...portalCaseQuery(token, session),
    // Back from the provider before its notice arrived: look again until the payment shows.
    refetchInterval: (q) =>
      search.payment && !q.state.data?.payments.some((p) => p.paymentLinkId === search.payment)
        ? 2000
        : false,
  });
  const ended = isApiError(caseQuery.error, "unauthenticated");
  useEffect(() => {
    if (ended) onSessionEnded();
  }, [ended, onSessionEnded]);

  if (caseQuery.isPending) return <PageLoader />;
  if (caseQuery.isError)
    return <Unavailable error={caseQuery.error} onRetry={() => void caseQuery.refetch()} />;
  const data = caseQuery.data;
  const backToCase = () => {
    setAction(null);
    setDone(null);
    if (search.payment) void navigate({ search: {}, replace: true });
  };

  if (search.payment)
    return (
      <PaymentReturn
        token={token}
        session={session}
        data={data}
        paymentLinkId={search.payment}
        cancelled={!!search.cancelled}
        onBack={backToCase}
      />
    );
  if (done) return <Confirmation done={done} data={data} onBack={backToCase} />;
  if (action) {
    const Form = FORMS[action];
    return (
      <Form
        token={token}
        session={session}
        data={data}
        onCancel={backToCase}
        onDone={(d) => {
          setAction(null);
          setDone(d);
          void queryClient.invalidateQueries({ queryKey: ["portal", token, "case"] });
        }}
      />
    );
  }
  return <CaseOverview token={token} session={session} data={data} onAction={setAction} />;
}

function Portal({ token, link }: { token: string; link: PortalLink }) {
  const [session, setSession] = useState<string | null>(() => readPortalSession(token));
  if (!session) return <IdentityCheck token={token} link={link} onPassed={setSession} />;
  return (
    <CaseArea
      token={token}
      session={session}
      onSessionEnded={() => {
        clearPortalSession(token);
        setSession(null);
      }}
    />
  );
}

export function PortalPage() {
  const { token } = route.useParams();
  const query = useQuery(portalLinkQuery(token));
  let body: ReactNode;
  if (query.isPending) body = <PageLoader />;
  else if (query.isError)
    body = isInvalidLink(query.error) ? (
      <InvalidLink />
    ) : (
      <Unavailable error={query.error} onRetry={() => void query.refetch()} />
    );
  else body = <Portal token={token} link={query.data} />;
  return <PortalFrame agencyName={query.data?.agency.name ?? null}>{body}</PortalFrame>;
}
