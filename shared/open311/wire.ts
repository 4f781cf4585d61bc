import { z } from 'zod';

/**
 * Wire shapes of Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/, JSON
 * variant; field names are the spec's (snake_case). The XML variant carries the same fields as
 * elements under the spec's root elements. The routes in server/modules/open311 declare them for the
 * OpenAPI document; the bodies are rendered to text there (JSON or XML), so they are not serialised
 * through these schemas.
 */

/** GET discovery.{format}. */
export const open311Discovery = z.object({
  changeset: z.string().describe('when this endpoint last changed'),
  contact: z.string(),
  key_service: z.string().describe('how to get an api_key'),
  endpoints: z.array(
    z.object({
      specification: z.string(),
      url: z.string(),
      changeset: z.string(),
      type: z.enum(['production', 'test']),
      formats: z.array(z.string()),
    }),
  ),
});
export type Open311Discovery = z.infer<typeof open311Discovery>;

/** One entry of GET services.{format}: an active leaf case category. */
export const open311Service = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  /** True when the service has attributes (GET services/{service_code} lists them). */
  metadata: z.boolean(),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});
export type Open311Service = z.infer<typeof open311Service>;

export const open311Services = z.array(open311Service);

const attributeDatatype = z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);

/** GET services/{service_code}.{format}: the attributes a request of this service may carry. */
export const open311ServiceDefinition = z.object({
  service_code: z.string(),
  attributes: z.array(
    z.object({
      variable: z.boolean(),
      code: z.string(),
      datatype: attributeDatatype,
      required: z.boolean(),
      datatype_description: z.string().nullable(),
      order: z.number().int(),
      description: z.string(),
      values: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
});
export type Open311ServiceDefinition = z.infer<typeof open311ServiceDefinition>;

/**
 * One service request (GET requests, requests/{id}). Cases that are not public carry only their
 * status fields; public ones have the description scrubbed of personal data and the location coarsened.
 */
export const open311ServiceRequest = z.object({
  service_request_id: z.string().describe('the case number'),
  status: z.enum(['open', 'closed']),
  status_notes: z.string(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string().nullable(),
  agency_responsible: z.string().nullable(),
  service_notice: z.string().nullable(),
  requested_datetime: z.string().nullable().describe('W3C date-time, China time (+08:00)'),
  updated_datetime: z.string().nullable(),
  expected_datetime: z.string().nullable(),
  address: z.string().nullable(),
  address_id: z.null(),
  zipcode: z.null(),
  lat: z.number().nullable(),
  long: z.number().nullable(),
  media_url: z.string().nullable(),
});
export type Open311ServiceRequest = z.infer<typeof open311ServiceRequest>;

export const open311ServiceRequests = z.array(open311ServiceRequest);

/** POST requests.{format}: the new request (created synchronously, so no token). */
export const open311Submitted = z.array(
  z.object({
    service_request_id: z.string(),
    service_notice: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
);
export type Open311Submitted = z.infer<typeof open311Submitted>;

/** GET tokens/{token}.{format}: a token is the service_request_id itself. */
export const open311Tokens = z.array(z.object({ service_request_id: z.string(), token: z.string() }));

