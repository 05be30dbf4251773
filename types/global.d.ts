/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';
declare module '*.less';
declare module '*.scss';

/** WeChat cloud environment id, injected by config/index.ts from CRM_CLOUD_ENV. */
declare const CLOUD_ENV: string;
