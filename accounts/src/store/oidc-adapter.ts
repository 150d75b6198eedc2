/**
 * oidc-provider's storage on the accounts table. One item per object (`oidc#<Model>#<id>`, the payload as JSON,
 * `expiresAt` for TTL), plus pointer items for the lookups oidc-provider makes right after a write, where a GSI's
 * eventual consistency would not do: a session by its uid, and every token of a grant (to revoke them together).
 * A saved Grant also gets a link in its account's partition (`account#…` / `grant#…`), which the account page
 * lists and unlinking revokes.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Adapter, AdapterConstructor, AdapterPayload } from 'oidc-provider';
import { Fields } from '../contract/fields';
import { epochSeconds, type ItemKey, itemKeys } from '../contract/table';
import { applied, deleteItems, queryPartition, type Table } from './dynamo';

/** Objects that oidc-provider gives no lifetime get one anyway, so that TTL cleans them up. */
const DEFAULT_LIFETIME_SECONDS = 14 * 24 * 60 * 60;

export function createOidcAdapter(table: Table, clock: () => Date = () => new Date()): AdapterConstructor {
  const now = () => epochSeconds(clock());
  const put = (item: Record<string, unknown>) =>
    table.client.send(
      new PutItemCommand({ TableName: table.name, Item: marshall(item, { removeUndefinedValues: true }) }),
    );

  return class DynamoDbOidcAdapter implements Adapter {
    constructor(private readonly model: string) {}

    private async readItem(id: string): Promise<Fields | undefined> {
      const { Item } = await table.client.send(
        new GetItemCommand({
          TableName: table.name,
          Key: marshall(itemKeys.oidc(this.model, id)),
          ConsistentRead: true,
        }),
      );
      return Item ? Fields.of(unmarshall(Item), `oidc ${this.model}`) : undefined;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const expiresAt = now() + (expiresIn && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS);
      const writes: Promise<unknown>[] = [
        put({
          ...itemKeys.oidc(this.model, id),
          itemType: 'oidc',
          model: this.model,
          payload: JSON.stringify(payload),
          expiresAt,
        }),
      ];
      if (payload.uid)
        writes.push(put({ ...itemKeys.oidcUid(this.model, payload.uid), itemType: 'oidc-pointer', id, expiresAt }));
      if (payload.userCode) {
        writes.push(
          put({
            ...itemKeys.oidcUid(this.model, `user-code/${payload.userCode}`),
            itemType: 'oidc-pointer',
            id,
            expiresAt,
          }),
        );
      }
      if (payload.grantId && this.model !== 'Grant') {
        writes.push(
          put({
            ...itemKeys.oidcGrantMember(payload.grantId, this.model, id),
            itemType: 'oidc-pointer',
            id,
            expiresAt,
          }),
        );
      }
      if (this.model === 'Grant' && payload.accountId && payload.clientId) {
        writes.push(
          put({
            ...itemKeys.grant(payload.accountId, id),
            itemType: 'grant',
            grantId: id,
            clientId: payload.clientId,
            createdAt: new Date((payload.iat ?? now()) * 1000).toISOString(),
            expiresAt,
          }),
        );
      }
      await Promise.all(writes);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const item = await this.readItem(id);
      if (!item || item.integer('expiresAt') <= now()) return undefined;
      const payload = JSON.parse(item.string('payload')) as AdapterPayload;
      const consumed = item.optionalInteger('consumed');
      return consumed === undefined ? payload : { ...payload, consumed };
    }

    private async findByPointer(key: ItemKey): Promise<AdapterPayload | undefined> {
      const { Item } = await table.client.send(
        new GetItemCommand({ TableName: table.name, Key: marshall(key), ConsistentRead: true }),
      );
      if (!Item) return undefined;
      return this.find(Fields.of(unmarshall(Item), 'oidc pointer').string('id'));
    }

    findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findByPointer(itemKeys.oidcUid(this.model, uid));
    }

    findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findByPointer(itemKeys.oidcUid(this.model, `user-code/${userCode}`));
    }

    async consume(id: string): Promise<void> {
      await applied(
        table.client.send(
          new UpdateItemCommand({
            TableName: table.name,
            Key: marshall(itemKeys.oidc(this.model, id)),
            UpdateExpression: 'SET #consumed = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#consumed': 'consumed' },
            ExpressionAttributeValues: marshall({ ':now': now() }),
          }),
        ),
      );
    }

    async destroy(id: string): Promise<void> {
      const item = await this.readItem(id);
      const keys: ItemKey[] = [itemKeys.oidc(this.model, id)];
      if (item) {
        const payload = JSON.parse(item.string('payload')) as AdapterPayload;
        if (payload.uid) keys.push(itemKeys.oidcUid(this.model, payload.uid));
        if (payload.grantId && this.model !== 'Grant')
          keys.push(itemKeys.oidcGrantMember(payload.grantId, this.model, id));
        if (this.model === 'Grant' && payload.accountId) keys.push(itemKeys.grant(payload.accountId, id));
      }
      await deleteItems(table, keys);
    }

    /** Deletes every token of this model issued under the grant (pointers first found with a consistent query). */
    async revokeByGrantId(grantId: string): Promise<void> {
      const members = await queryPartition(table, `oidc-grant#${grantId}`, `${this.model}#`);
      await Promise.all(
        members.map(async (member) => {
          const fields = Fields.of(unmarshall(member), 'oidc pointer');
          const id = fields.string('id');
          await table.client.send(
            new DeleteItemCommand({ TableName: table.name, Key: marshall(itemKeys.oidc(this.model, id)) }),
          );
          await table.client.send(
            new DeleteItemCommand({
              TableName: table.name,
              Key: marshall(itemKeys.oidcGrantMember(grantId, this.model, id)),
            }),
          );
        }),
      );
    }
  };
}
