import type { Config } from "../../platform/config";
import type { Brain } from "./brain";
import { llmBrain } from "./llm-brain";
import { nluBrain } from "./nlu-brain";

/** The LLM when LLM_BASE_URL and LLM_MODEL are set, otherwise the built-in French understanding. */
export function selectBrain(config?: Config): Brain {
  const llm = config?.providers.llm;
  if (llm?.baseUrl && llm.model)
    return llmBrain({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: llm.model });
  return nluBrain;
}
