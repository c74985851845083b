// Pull requests and review requests.
import { isoSeconds, type RepoState } from '../state.js'
import {
  BOT_LOGIN,
  body,
  errorResponse,
  forbiddenIntegration,
  json,
  notFound,
  paginate,
  type Handler,
  type RestContext,
  type Route,
  type Shapes
} from './shapes.js'

export function pullRoutes(ctx: RestContext, shapes: Shapes): Route[] {
  const { permissions } = ctx
  const state: RepoState = ctx.state
  const { repoApi, canWritePulls, pullJson } = shapes

  // ---- pulls ---------------------------------------------------------------------------------

  const findPull = (n: string) => state.pullRequests.find((p) => String(p.number) === n)

  const listPulls: Handler = (_m, req) => {
    const want = req.query.get('state') ?? 'open'
    const head = req.query.get('head')
    const base = req.query.get('base')
    const direction = req.query.get('direction') ?? 'desc'
    let list = state.pullRequests.filter((p) => want === 'all' || p.state === want)
    if (head) {
      const [owner, ref] = head.includes(':') ? head.split(/:(.*)/s) : [head, undefined]
      list =
        owner.toLowerCase() === state.owner.toLowerCase()
          ? list.filter((p) => ref === undefined || p.headRef === ref)
          : []
    }
    if (base) list = list.filter((p) => p.baseRef === base)
    list = [...list].sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number))
    const { page, headers } = paginate(list, req.query, `${repoApi()}/pulls`)
    return json(200, page.map(pullJson), headers)
  }

  const getPull: Handler = ([, n]) => {
    const pr = findPull(n)
    return pr ? json(200, pullJson(pr)) : notFound()
  }

  const createPull: Handler = (_m, req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    if (!permissions.actionsCanCreatePRs)
      return errorResponse(403, 'GitHub Actions is not permitted to create or approve pull requests.')
    const { title, head, base, body: prBody, draft } = body(req)
    if (typeof head !== 'string' || typeof base !== 'string') {
      return errorResponse(422, 'Invalid request.\n\n"head", "base" weren\'t supplied.')
    }
    if (typeof title !== 'string' || title.trim() === '') {
      return errorResponse(422, 'Validation Failed', [
        { resource: 'PullRequest', field: 'title', code: 'missing_field' }
      ])
    }
    const [headOwner, headRef] = head.includes(':') ? head.split(/:(.*)/s) : [state.owner, head]
    if (headOwner.toLowerCase() !== state.owner.toLowerCase() || !state.branchSha(headRef)) {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }])
    }
    if (!state.branchSha(base))
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
    if (state.pullRequests.some((p) => p.state === 'open' && p.headRef === headRef && p.baseRef === base)) {
      return errorResponse(422, 'Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${state.owner}:${headRef}.`
        }
      ])
    }
    if (state.isAncestor(state.branchSha(headRef)!, state.branchSha(base)!)) {
      return errorResponse(422, 'Validation Failed', [
        { resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${headRef}` }
      ])
    }
    const pr = state.createPull({
      title,
      body: typeof prBody === 'string' ? prBody : null,
      head: headRef,
      base,
      draft: draft === true,
      user: BOT_LOGIN
    })
    return json(201, pullJson(pr))
  }

  const updatePull: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const { title, body: prBody, state: wanted, base } = body(req)
    if (wanted !== undefined && wanted !== 'open' && wanted !== 'closed') {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'state', code: 'invalid' }])
    }
    if (typeof base === 'string' && !state.branchSha(base)) {
      return errorResponse(422, 'Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }])
    }
    if (wanted === 'open' && pr.state === 'closed') {
      if (pr.merged)
        return errorResponse(422, 'Validation Failed', [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: 'state cannot be changed. The pull request has been merged.'
          }
        ])
      if (!state.branchSha(pr.headRef)) {
        return errorResponse(422, 'Validation Failed', [
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `state cannot be changed. The ${pr.headRef} branch has been deleted.`
          }
        ])
      }
    }
    if (typeof title === 'string') pr.title = title
    if (typeof prBody === 'string' || prBody === null) pr.body = (prBody as string | null) ?? null
    if (typeof base === 'string') pr.baseRef = base
    if (wanted === 'closed' && pr.state === 'open') state.closePull(pr)
    else if (wanted === 'open' && pr.state === 'closed') {
      pr.state = 'open'
      pr.closedAt = null
      pr.headSha = state.branchSha(pr.headRef)!
    }
    pr.updatedAt = isoSeconds(state.now())
    return json(200, pullJson(pr))
  }

  const requestReviewers: Handler = ([, n], req) => {
    if (!canWritePulls()) return forbiddenIntegration()
    const pr = findPull(n)
    if (!pr) return notFound()
    const { reviewers = [], team_reviewers: teams = [] } = body(req)
    if (!Array.isArray(reviewers) || !Array.isArray(teams)) return errorResponse(422, 'Invalid request.')
    if (reviewers.some((r) => typeof r === 'string' && r.toLowerCase() === pr.user.toLowerCase())) {
      return errorResponse(422, 'Review cannot be requested from pull request author.')
    }
    for (const r of reviewers)
      if (typeof r === 'string' && !pr.requestedReviewers.includes(r)) pr.requestedReviewers.push(r)
    pr.updatedAt = isoSeconds(state.now())
    return json(201, pullJson(pr))
  }

  return [
    ['GET', /^\/pulls$/, listPulls],
    ['POST', /^\/pulls$/, createPull],
    ['GET', /^\/pulls\/(\d+)$/, getPull],
    ['PATCH', /^\/pulls\/(\d+)$/, updatePull],
    ['POST', /^\/pulls\/(\d+)\/requested_reviewers$/, requestReviewers]
  ]
}
