import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { connectionType, notFound } from '@funds/graphql-kit';
import type { MembershipContext } from '../../context';
import { entityLoader, refLoader } from '../hierarchy/hierarchy.loaders';
import { NodeLevel } from '../hierarchy/hierarchy.enums';
import { Partner } from '../partner/partner.entity';
import { ApiKey, ApiKeyStatus } from './api-key.entity';
import { ApiKeyListArgs, CreateApiKeyInput } from './api-key.inputs';
import { apiKeyConnection } from './api-key.loaders';
import { ApiKeyService } from './api-key.service';

export const ApiKeyConnection = connectionType(ApiKey, 'ApiKey');

@ObjectType({ description: 'A new API key: the key itself, shown this once and never again, and its record.' })
export class CreatedApiKey {
  @Field(() => String, {
    description:
      'The key, to send as "Authorization: Bearer <key>" or "X-Api-Key: <key>". Shown only here: store it in the partner app\'s secret store now; it cannot be read again (only its hash is kept).',
  })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  constructor(private readonly service: ApiKeyService) {}

  @Query(() => ApiKeyConnection, {
    description:
      "Partner apps' API keys granted a node of your scope (under `nodeId` when given), newest first. National and regional admins only.",
  })
  async apiKeys(@Args() args: ApiKeyListArgs, @Ctx() ctx: MembershipContext) {
    ctx.access.authorize('apiKeys', null);
    const node = args.nodeId ? await refLoader(ctx).load(args.nodeId) : null;
    if (args.nodeId && (!node || node.level === NodeLevel.MEMBER || !ctx.access.canSee(node)))
      throw notFound('node', args.nodeId, 'nodeId');
    // Without a node: the caller's scope node (the whole network for a national admin).
    const { scopeLevel, identity } = ctx.access;
    const under = node ?? (scopeLevel && identity.scopeNodeId ? { level: scopeLevel, id: identity.scopeNodeId } : null);
    return new ApiKeyConnection(await apiKeyConnection(ctx, under, args));
  }

  @Mutation(() => CreatedApiKey, {
    description:
      'Create an API key for a partner app at a node of your scope (admins). The answer holds the key itself: it is shown this once.',
  })
  createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() ctx: MembershipContext) {
    return this.service.create(ctx.access, input).finally(() => ctx.loaders.clearAll());
  }

  @Mutation(() => ApiKey, { description: 'Revoke an API key of your scope (admins): it is refused from the next request on.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: MembershipContext) {
    return this.service.revoke(ctx.access, id).finally(() => ctx.loaders.clearAll());
  }

  @FieldResolver(() => Partner, { description: 'The partner organisation the app belongs to.' })
  partner(@Root() key: ApiKey, @Ctx() ctx: MembershipContext) {
    return entityLoader(ctx, Partner).load(key.partnerId);
  }

  @FieldResolver(() => ApiKeyStatus, { description: 'REVOKED, EXPIRED or ACTIVE, now.' })
  status(@Root() key: ApiKey): ApiKeyStatus {
    if (key.revokedAt) return ApiKeyStatus.REVOKED;
    return new Date(key.expiresAt).getTime() <= Date.now() ? ApiKeyStatus.EXPIRED : ApiKeyStatus.ACTIVE;
  }
}
