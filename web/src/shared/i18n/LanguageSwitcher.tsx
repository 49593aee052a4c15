import { SegmentedControl, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isLanguage, setLanguage } from "./index";

function Option({ code, name }: { code: string; name: string }) {
  return (
    <span lang={code}>
      <span aria-hidden="true">{code.toUpperCase()}</span>
      <VisuallyHidden>{name}</VisuallyHidden>
    </span>
  );
}

/** FR / EN toggle; the choice is kept in localStorage. Language names stay in their own language. */
export function LanguageSwitcher({ size = "xs" }: { size?: "xs" | "sm" }) {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size={size}
      aria-label={t("language.label")}
      value={i18n.resolvedLanguage ?? "fr"}
      onChange={(value) => {
        if (isLanguage(value)) void setLanguage(value);
      }}
      data={[
        { value: "fr", label: <Option code="fr" name="Français" /> },
        { value: "en", label: <Option code="en" name="English" /> },
      ]}
    />
  );
}
