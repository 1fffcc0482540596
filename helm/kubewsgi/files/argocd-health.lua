-- Argo CD health check for kubewsgi.dev/WsgiProcessGroup (argocd-cm:
-- resource.customizations.health.kubewsgi.dev_WsgiProcessGroup). It reads the operator's kstatus
-- conditions: Stalled=True (a broken import script, a crash loop, an image that cannot be pulled,
-- a rollout past its deadline) is Degraded; Ready=True on the current generation is Healthy;
-- anything else (a rollout, pods not yet Ready, an unschedulable pod a new node may fit) is
-- Progressing. Lua 5.1, as Argo CD runs it.
local hs = {}

local function condition(conditions, type)
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function say(c)
  if c.message ~= nil and c.message ~= "" then
    return c.reason .. ": " .. c.message
  end
  return c.reason
end

if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to report a status"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. obj.metadata.generation
  return hs
end

local conditions = obj.status.conditions
local stalled = condition(conditions, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = say(stalled)
  return hs
end
local ready = condition(conditions, "Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = say(ready)
  return hs
end
local degraded = condition(conditions, "Degraded")
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Progressing"
  hs.message = say(degraded)
  return hs
end
local reconciling = condition(conditions, "Reconciling")
hs.status = "Progressing"
if reconciling ~= nil and reconciling.status == "True" then
  hs.message = say(reconciling)
elseif ready ~= nil then
  hs.message = say(ready)
else
  hs.message = "Waiting for the Ready condition"
end
return hs
